resource "aws_secretsmanager_secret" "dockerhub" {
  name       = "ci/dockerhub"
  kms_key_id = "arn:aws:kms:eu-central-1:123456789012:key/7f3c2a1b-9d8e-4f6a-b5c4-3e2d1f0a9b8c"
}

resource "aws_iam_role" "ci" {
  name = "kms-ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "codebuild.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
    ]
  })
}

resource "aws_iam_role_policy" "ci" {
  role = aws_iam_role.ci.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_codebuild_project" "api" {
  name         = "api"
  service_role = aws_iam_role.ci.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "golang:1.23"
    type         = "LINUX_CONTAINER"
  }

  source {
    type = "NO_SOURCE"
  }
}
