# reject: eim=on needs intremap=on
qemu-system-x86_64 \
  -M q35,kernel-irqchip=split \
  -device intel-iommu,intremap=off,eim=on
