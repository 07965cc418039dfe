resource "aws_iam_role" "cb" {
  name               = "cb"
  assume_role_policy = "{}"
}

data "aws_iam_policy_document" "cb" {
  statement {
    actions   = ["logs:*"]
    resources = ["*"]
  }
  statement {
    effect    = "Deny"
    actions   = ["secretsmanager:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "cb" {
  role   = aws_iam_role.cb.id
  policy = data.aws_iam_policy_document.cb.json
}

resource "aws_codebuild_project" "p" {
  name         = "p"
  service_role = aws_iam_role.cb.arn
  artifacts {
    type = "NO_ARTIFACTS"
  }
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "node:20"
    type         = "LINUX_CONTAINER"
  }
  source {
    type = "NO_SOURCE"
  }
}
