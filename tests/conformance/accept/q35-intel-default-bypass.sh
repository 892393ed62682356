# accept: default_bus_bypass_iommu=on: pcie.0 hierarchy bypasses, a PXB hierarchy is translated; DMAR lists only the PXB root port
qemu-system-x86_64 \
  -M q35,default_bus_bypass_iommu=on \
  -device intel-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device e1000e,id=nic10,bus=rp10
