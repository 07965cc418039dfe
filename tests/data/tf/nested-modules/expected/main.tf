module "pipeline" {
  source                = "./modules/pipeline"
  name                  = "orders"
  docker_hub_secret_arn = var.docker_hub_secret_arn
}
