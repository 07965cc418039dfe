resource "aws_codebuild_project" "legacy" {
    name = "legacy"
    service_role = aws_iam_role.legacy.arn

    environment {
        compute_type = "BUILD_GENERAL1_SMALL"
        image = "ubuntu:22.04"
        type = "LINUX_CONTAINER"

        registry_credential {
            credential          = var.docker_hub_secret_arn
            credential_provider = "SECRETS_MANAGER"
        }
    }

    artifacts {
        type = "NO_ARTIFACTS"
    }
}

resource "aws_iam_role_policy" "legacy" {
    role = aws_iam_role.legacy.id
    policy = jsonencode({
        Version = "2012-10-17"
        Statement = [{
            Effect = "Allow"
            Action = ["logs:*"]
            Resource = "*"
        }]
    })
}
