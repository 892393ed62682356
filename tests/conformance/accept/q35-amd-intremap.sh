# accept: amd-iommu intremap=on (kernel-irqchip=split): IVRS special IOAPIC entry 0x48
qemu-system-x86_64 \
  -M q35,kernel-irqchip=split \
  -device amd-iommu,id=viommu,intremap=on \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
