docker_hub_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/dockerhub-D4t4Sr"
