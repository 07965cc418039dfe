resource "aws_codebuild_project" "small" {
  name         = "small"
  service_role = "arn:aws:iam::123456789012:role/small"
  environment {
    image = "busybox"

    registry_credential {
      credential          = var.docker_hub_secret_arn
      credential_provider = "SECRETS_MANAGER"
    }
  }
  artifacts { type = "NO_ARTIFACTS" }
  source { type = "NO_SOURCE" }
  lifecycle { ignore_changes = [tags] }
}
