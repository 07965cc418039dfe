region  = "eu-west-1"
project = "deploy"
subnets = ["subnet-1", "subnet-2"]
