# reject: microvm has no default-bus-bypass-iommu property
qemu-system-x86_64 \
  -M microvm,default_bus_bypass_iommu=on
