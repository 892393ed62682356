# accept: a pci-bridge directly on pcie.0 with a conventional NIC: DMAR lists the bridge (type 2)
qemu-system-x86_64 \
  -M q35 \
  -device intel-iommu,id=viommu \
  -device pci-bridge,id=br1,bus=pcie.0,chassis_nr=1 \
  -device e1000,id=nic1,bus=br1,addr=0x1
