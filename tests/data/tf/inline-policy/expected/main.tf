locals {
  image = "ghcr.io/example-org/builder:2" # not Docker Hub
  tools = "example/tools:1.4"
  env = {
    STAGE = "ci"
    LANG  = "C.UTF-8"
  }
}

resource "aws_iam_role" "build" {
  name               = "tools-build"
  assume_role_policy = file("${path.module}/trust.json")

  inline_policy {
    name = "build"

    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect = "Allow"
          Action = [
            "logs:CreateLogStream",
            "logs:PutLogEvents",
          ]
          Resource = "*"
        },
        {
          Effect   = "Allow"
          Action   = ["secretsmanager:GetSecretValue"]
          Resource = var.docker_hub_secret_arn
        },
        {
          Effect   = "Allow"
          Action   = ["kms:Decrypt"]
          Resource = var.docker_hub_secret_kms_key_arn
          Condition = {
            StringEquals = {
              "kms:ViaService" = "secretsmanager.eu-west-1.amazonaws.com"
            }
          }
        },
      ]
    })
  }
}

resource "aws_codebuild_project" "tools" {
  name         = "tools"
  service_role = aws_iam_role.build.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    # The image comes from locals.
    image                       = local.tools
    compute_type                = "BUILD_GENERAL1_SMALL" // size
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"

    dynamic "environment_variable" {
      for_each = local.env
      content {
        name  = environment_variable.key
        value = environment_variable.value
      }
    }

    registry_credential {
      credential          = var.docker_hub_secret_arn
      credential_provider = "SECRETS_MANAGER"
    }
  }

  source {
    type = "NO_SOURCE"
    buildspec = yamlencode({
      version = "0.2"
      phases  = { build = { commands = ["make"] } }
    })
  }
}

resource "aws_codebuild_project" "ghcr" {
  name         = "ghcr"
  service_role = aws_iam_role.build.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    image        = local.image
    compute_type = "BUILD_GENERAL1_SMALL"
    type         = "LINUX_CONTAINER"
  }

  source {
    type = "NO_SOURCE"
  }
}
