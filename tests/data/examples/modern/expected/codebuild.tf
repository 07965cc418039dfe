locals {
  prefix = "${var.team}-${var.environment}"
}

resource "aws_codebuild_project" "tests" {
  name         = "${local.prefix}-tests"
  service_role = aws_iam_role.ci.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type                = "BUILD_GENERAL1_MEDIUM"
    image                       = "node:20-bookworm"
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"

    environment_variable {
      name  = "NODE_ENV"
      value = "test"
    }

    registry_credential {
      credential          = var.docker_hub_secret_arn
      credential_provider = "SECRETS_MANAGER"
    }
  }

  source {
    type      = "GITHUB"
    location  = var.repository_url
    buildspec = "ci/buildspec.yml"
  }

  logs_config {
    cloudwatch_logs {
      group_name = "/codebuild/${local.prefix}-tests"
    }
  }
}
