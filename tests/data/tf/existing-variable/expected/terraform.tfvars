hub_secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api/dockerhub-Ex1stV"
