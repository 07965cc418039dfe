docker_hub_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:svc/dockerhub-T4bT4b"
