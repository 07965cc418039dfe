region                = "us-west-2"
docker_hub_secret_arn = "arn:aws:secretsmanager:us-west-2:123456789012:secret:orders/dockerhub-Ne5tEd"
