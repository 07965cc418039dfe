resource "aws_codebuild_project" "api" {
  name         = "api"
  service_role = aws_iam_role.builder.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "example-org/builder:3.1"
    type         = "LINUX_CONTAINER"
  }

  source {
    type = "NO_SOURCE"
  }
}

resource "aws_codebuild_project" "lint" {
  name         = "lint"
  service_role = aws_iam_role.builder.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "golangci/golangci-lint:v1.59"
    type         = "LINUX_CONTAINER"
  }

  source {
    type = "NO_SOURCE"
  }
}
