region                = "eu-west-1"
name                  = "service"
docker_hub_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:codebuild/dockerhub-XXXXXX"
