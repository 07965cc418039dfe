# Blue and green stacks share one module.
module "blue" {
  source                = "./modules/cb"
  env                   = "blue"
  docker_hub_secret_arn = var.docker_hub_secret_arn
}

module "green" {
  source                = "./modules/cb"
  env                   = "green"
  docker_hub_secret_arn = var.docker_hub_secret_arn
}
