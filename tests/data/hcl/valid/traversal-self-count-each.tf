a = count.index
b = each.key
c = self.id
d = path.module
