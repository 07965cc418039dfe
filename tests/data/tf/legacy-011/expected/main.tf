terraform {
  required_version = "~> 0.11.14"
}

provider "aws" {
  region = "${var.region}"
}

resource "aws_iam_role" "ci" {
  name = "legacy-ci"

  assume_role_policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "codebuild.amazonaws.com"},
      "Action": "sts:AssumeRole"
    }
  ]
}
POLICY
}

data "aws_iam_policy_document" "ci" {
  statement {
    actions   = ["logs:*"]
    resources = ["*"]
  }

  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["${var.docker_hub_secret_arn}"]
  }
}

resource "aws_iam_role_policy" "ci" {
  role   = "${aws_iam_role.ci.id}"
  policy = "${data.aws_iam_policy_document.ci.json}"
}

resource "aws_codebuild_project" "legacy" {
  name         = "legacy"
  service_role = "${aws_iam_role.ci.arn}"

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "${var.image}"
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"

    registry_credential {
      credential          = "${var.docker_hub_secret_arn}"
      credential_provider = "SECRETS_MANAGER"
    }
  }

  source {
    type = "NO_SOURCE"
  }
}
