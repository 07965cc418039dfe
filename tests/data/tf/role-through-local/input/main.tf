variable "enabled" {
  type    = bool
  default = true
}

locals {
  role_arn = aws_iam_role.this.arn
  tags = {
    Team = "platform"
  }
}

resource "aws_iam_role" "this" {
  name               = "ci"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = local.tags
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["codebuild.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name = "ci"
  role = aws_iam_role.this.id

  policy = <<POLICY
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": "*"
        }
    ]
}
POLICY
}

resource "aws_codebuild_project" "this" {
  count = var.enabled ? 1 : 0

  name         = "ci"
  service_role = local.role_arn
  tags         = local.tags

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "hashicorp/terraform:1.8"
    type         = "LINUX_CONTAINER"
  }

  source {
    type = "NO_SOURCE"
  }
}
