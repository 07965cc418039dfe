codebuild_role_arn    = "arn:aws:iam::123456789012:role/platform/codebuild-api"
docker_hub_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api/dockerhub-V4rR0l"
