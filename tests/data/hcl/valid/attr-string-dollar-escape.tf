a = "$${not_interp} %%{not_directive}"
