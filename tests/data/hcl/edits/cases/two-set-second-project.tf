# Two projects that share one role.
resource "aws_codebuild_project" "test" {
  name         = "test"
  service_role = aws_iam_role.shared.arn

  environment {
    compute_type                = "BUILD_GENERAL1_MEDIUM"
    image                       = "python:3.12"
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "CODEBUILD"
    privileged_mode             = true

    environment_variable {
      name  = "STAGE"
      value = "test"
    }

    environment_variable {
      name  = "REGION"
      value = var.region
    }
  }

  artifacts {
    type = "NO_ARTIFACTS"
  }

  source {
    type = "CODEPIPELINE"
  }
}

resource "aws_codebuild_project" "deploy" {
  name         = "deploy"
  service_role = aws_iam_role.shared.arn

  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "hashicorp/terraform:1.9"
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"
  }

  artifacts {
    type = "CODEPIPELINE"
  }

  source {
    type = "CODEPIPELINE"
  }
}
