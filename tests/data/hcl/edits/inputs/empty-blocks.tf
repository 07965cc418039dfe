resource "aws_codebuild_project" "ci" {
  name = "ci"

  environment {
    image = "node:20"
    type  = "LINUX_CONTAINER"

    registry_credential {}
  }

  artifacts {}
}
