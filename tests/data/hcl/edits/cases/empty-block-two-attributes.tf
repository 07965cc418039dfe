resource "aws_codebuild_project" "ci" {
  name = "ci"

  environment {
    image = "node:20"
    type  = "LINUX_CONTAINER"

    registry_credential {
      credential          = var.docker_hub_secret_arn
      credential_provider = "SECRETS_MANAGER"
    }
  }

  artifacts {}
}
