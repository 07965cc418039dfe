resource "aws_codebuild_project" "tabbed" {
	name = "tabbed"
	service_role = aws_iam_role.tabbed.arn

	environment {
		compute_type = "BUILD_GENERAL1_SMALL"
		image = "node:20"
		type = "LINUX_CONTAINER"

		registry_credential {
			credential          = var.docker_hub_secret_arn
			credential_provider = "SECRETS_MANAGER"
		}
	}
}

locals {
	regions = [
		"eu-west-1",
		"us-east-1",
	]
}
