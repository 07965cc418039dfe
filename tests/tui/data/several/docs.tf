resource "aws_codebuild_project" "docs" {
  name         = "docs"
  service_role = aws_iam_role.builder.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }

  source {
    type = "NO_SOURCE"
  }
}

resource "aws_codebuild_project" "node" {
  name         = "node"
  service_role = aws_iam_role.builder.arn

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
