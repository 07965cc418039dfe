variable "environments" {
  type = list(object({ image = string }))
  default = [{ image = "node:20" }]
}

resource "aws_iam_role" "cb" {
  name               = "cb"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "cb" {
  role = aws_iam_role.cb.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "logs:*", Resource = "*" }]
  })
}

resource "aws_codebuild_project" "p" {
  name         = "p"
  service_role = aws_iam_role.cb.arn
  artifacts {
    type = "NO_ARTIFACTS"
  }
  dynamic "environment" {
    for_each = var.environments
    content {
      compute_type = "BUILD_GENERAL1_SMALL"
      image        = environment.value.image
      type         = "LINUX_CONTAINER"
    }
  }
  source {
    type = "NO_SOURCE"
  }
}
