# accept: default_bus_bypass_iommu=on without a vIOMMU
qemu-system-x86_64 \
  -M q35,default_bus_bypass_iommu=on \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
