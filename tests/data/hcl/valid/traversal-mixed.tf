a = module.x.out[0].items["k"].id
