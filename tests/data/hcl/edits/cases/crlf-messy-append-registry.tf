resource "aws_codebuild_project" "w" {
    name = "w"
    service_role = aws_iam_role.w.arn
    environment {
        image = "node:20"
        type = "LINUX_CONTAINER"

        registry_credential {
            credential          = var.docker_hub_secret_arn
            credential_provider = "SECRETS_MANAGER"
        }
    }
}
