# accept: root port → pcie-pci-bridge → conventional NIC
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device pcie-pci-bridge,id=ppb1,bus=rp1 \
  -device e1000,id=nic1,bus=ppb1,addr=0x1
