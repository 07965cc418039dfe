resource "aws_codebuild_project" "etl" {
  name         = "etl"
  service_role = aws_iam_role.etl.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "python:3.12"
    type         = "LINUX_CONTAINER"
  }

  source {
    type = "NO_SOURCE"
  }
}
