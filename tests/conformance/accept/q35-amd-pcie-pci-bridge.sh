# accept: amd-iommu: pcie-pci-bridge directly on pcie.0 gets an alias range (0x43) with b = its secondary bus
qemu-system-x86_64 \
  -M q35 \
  -device amd-iommu,id=viommu \
  -device pcie-pci-bridge,id=ppb1,bus=pcie.0 \
  -device e1000,id=nic1,bus=ppb1,addr=0x1
