terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_iam_role" "ci" {
  name = "ci-build"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "codebuild.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_policy" "ci" {
  name = "ci-build"
  policy = jsonencode({
    "Version" = "2012-10-17"
    "Statement" = [
      {
        "Action"   = "logs:*"
        "Effect"   = "Allow"
        "Resource" = "*"
      }
    ]
  })
}

resource "aws_iam_role_policy_attachment" "ci" {
  role       = aws_iam_role.ci.name
  policy_arn = aws_iam_policy.ci.arn
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.ci.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess"
}

resource "aws_codebuild_project" "web" {
  name         = "web"
  service_role = aws_iam_role.ci.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "docker.io/library/node:20" # pinned major
    type         = "LINUX_CONTAINER"
    # no credentials yet
  }

  source {
    type     = "GITHUB"
    location = "https://github.com/example-org/web.git"
  }
}
