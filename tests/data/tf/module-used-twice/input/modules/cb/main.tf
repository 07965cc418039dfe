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
}

resource "aws_codebuild_project" "app" {
  name         = "app-${var.env}"
  service_role = aws_iam_role.cb.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "ubuntu:24.04"
    type         = "LINUX_CONTAINER"
  }

  source {
    type = "NO_SOURCE"
  }
}
