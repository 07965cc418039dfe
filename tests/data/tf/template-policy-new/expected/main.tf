resource "aws_iam_role" "ci" {
  name               = "tpl-ci"
  assume_role_policy = file("${path.module}/trust.json")
}

resource "aws_iam_role_policy" "ci" {
  role = aws_iam_role.ci.id
  policy = templatefile("${path.module}/policy.json.tpl", {
    bucket = "example-artifacts"
  })
}

resource "aws_codebuild_project" "svc" {
  name         = "svc"
  service_role = aws_iam_role.ci.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "index.docker.io/example/svc-builder:5"
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

resource "aws_iam_role_policy" "svc_docker_hub" {
  role = aws_iam_role.ci.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = var.docker_hub_secret_arn
      }
    ]
  })
}
