variable "env" {
  type = string
}

resource "aws_iam_role" "cb" {
  name               = "cb-${var.env}"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["codebuild.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "cb" {
  role   = aws_iam_role.cb.id
  policy = data.aws_iam_policy_document.cb.json
}

data "aws_iam_policy_document" "cb" {
  statement {
    actions   = ["logs:*"]
    resources = ["*"]
  }

  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.docker_hub_secret_arn]
  }
}

resource "aws_codebuild_project" "app" {
  name         = "app-${var.env}"
  service_role = aws_iam_role.cb.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "ubuntu:24.04"
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"

    registry_credential {
      credential          = var.docker_hub_secret_arn
      credential_provider = "SECRETS_MANAGER"
    }
  }

  source {
    type = "NO_SOURCE"
  }
}

variable "docker_hub_secret_arn" {
  description = "ARN of the Secrets Manager secret with the Docker Hub credentials"
  type        = string
}
