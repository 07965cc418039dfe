module "pipeline" {
  source = "./modules/pipeline"
  name   = "orders"
}
