# accept: amd-iommu: pci-bridge gets an alias range with b = the bridge itself
qemu-system-x86_64 \
  -M q35 \
  -device amd-iommu,id=viommu \
  -device pci-bridge,id=br1,bus=pcie.0,chassis_nr=1 \
  -device e1000,id=nic1,bus=br1,addr=0x1
