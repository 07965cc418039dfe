# Deploys the fleet; its buildspec pulls from Docker Hub itself.
resource "aws_codebuild_project" "deploy" {
  name         = "fleet-deploy"
  service_role = aws_iam_role.builds.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "node:20-alpine"
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"

    registry_credential {
      credential          = var.docker_hub_secret_arn
      credential_provider = "SECRETS_MANAGER"
    }
  }

  source {
    type      = "NO_SOURCE"
    buildspec = <<-EOT
      version: 0.2
      phases:
        build:
          commands:
            - docker pull node:20-alpine
            - docker run --rm node:20-alpine npm --version
    EOT
  }
}
