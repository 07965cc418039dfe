region      = "us-east-1"
instance_ids = ["i-1", "i-2"]
tags = {
  Team = "ci"
  Env  = "prod"
}
docker_hub_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf"
