resource "aws_codebuild_project" "p" {
  name         = "p"
  service_role = aws_iam_role.ci.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "docker.io/library/node:20"
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"

    registry_credential {
      credential          = var.docker_hub_secret_arn
      credential_provider = "SECRETS_MANAGER"
    }

    environment_variable {
      name  = "A"
      value = "1"
    }
  }

  source {
    type      = "GITHUB"
    location  = "https://github.com/x/y.git"
    buildspec = file("${path.module}/buildspec.yml")
  }
}
