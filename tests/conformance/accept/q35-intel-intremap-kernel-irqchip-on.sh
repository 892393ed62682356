# accept: intremap=on with kernel-irqchip=on: accepted under TCG (the harness accelerator; QEMU only refuses it under KVM: "Interrupt Remapping cannot work with kernel-irqchip=on")
qemu-system-x86_64 \
  -M q35,kernel-irqchip=on \
  -device intel-iommu,id=viommu,intremap=on \
  -device pcie-root-port,id=rp1,bus=pcie.0,chassis=1 \
  -device e1000e,id=nic1,bus=rp1
