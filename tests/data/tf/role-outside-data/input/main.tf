terraform {
  required_version = ">= 1.3"
}

# The role belongs to the shared CI stack; this root only looks it up.
data "aws_iam_role" "ci" {
  name = "shared-codebuild"
}

resource "aws_codebuild_project" "web" {
  name          = "web"
  description   = "Builds the storefront"
  build_timeout = 20
  service_role  = data.aws_iam_role.ci.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_MEDIUM"
    image        = "docker.io/library/node:22"
    type         = "LINUX_CONTAINER"

    environment_variable {
      name  = "NODE_ENV"
      value = "production"
    }
  }

  source {
    type     = "GITHUB"
    location = "https://github.com/example/storefront.git"
  }
}
