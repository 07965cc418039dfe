resource "aws_iam_role" "ci" {
  name               = "ci"
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

resource "aws_iam_role_policy" "ci" {
  name = "ci"
  role = aws_iam_role.ci.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "logs:*"
      Resource = "*"
      }, {
      Effect   = "Allow"
      Action   = "secretsmanager:GetSecretValue"
      Resource = var.hub_secret
    }]
  })
}

resource "aws_codebuild_project" "api" {
  name         = "api"
  service_role = aws_iam_role.ci.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "golang:1.22"
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"

    registry_credential {
      credential          = var.hub_secret
      credential_provider = "SECRETS_MANAGER"
    }
  }

  source {
    type = "NO_SOURCE"
  }
}

variable "hub_secret" {
  type = string
}
