aws_region            = "eu-west-1"
docker_hub_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/dockerhub-Mu1tiR"
