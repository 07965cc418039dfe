resource "aws_iam_role" "this" {
  name = "${var.name}-build"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "codebuild.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "this" {
  role   = aws_iam_role.this.name
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ["logs:*"],
          "Resource": ["*"]
        }
      ]
    }
  JSON
}

resource "aws_codebuild_project" "this" {
  name         = var.name
  service_role = aws_iam_role.this.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = var.image
    type         = "LINUX_CONTAINER"
  }

  source {
    type = "NO_SOURCE"
  }
}
