region                = "eu-west-1"
project               = "ci"
subnets               = ["subnet-1", "subnet-2"]
docker_hub_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dockerhub-AbCdEf"
