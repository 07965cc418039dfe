
resource "aws_iam_role" "cb" {
  name               = "cb"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "cb" {
  role = aws_iam_role.cb.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["logs:*"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_codebuild_project" "p" {
  name         = "p"
  service_role = aws_iam_role.cb.arn
  artifacts {
    type = "NO_ARTIFACTS"
  }
  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "node:20"
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "CODEBUILD"
  }
  source {
    type = "NO_SOURCE"
  }
}
