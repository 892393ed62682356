# accept: amd-iommu: root port → pci-bridge (conventional below Express): IVRS select + recursion/alias
qemu-system-x86_64 \
  -M q35 \
  -device amd-iommu,id=viommu \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device pci-bridge,id=br1,bus=rp1,chassis_nr=2 \
  -device e1000,id=nic1,bus=br1,addr=0x1 \
  -device pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x10 \
  -device pcie-root-port,id=rp10,bus=pxb1,chassis=10 \
  -device pcie-pci-bridge,id=ppb1,bus=rp10 \
  -device e1000,id=nic10,bus=ppb1,addr=0x1
