resource "aws_codebuild_project" "api" {
  name         = "fleet-api"
  service_role = aws_iam_role.builds.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "golang:1.22-bookworm"
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"

    registry_credential {
      credential          = var.docker_hub_secret_arn
      credential_provider = "SecretsManager"
    }
  }

  source {
    type     = "GITHUB"
    location = "https://github.com/example-org/fleet-api.git"
  }
}
