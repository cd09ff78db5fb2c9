import { ApiProperty } from '@nestjs/swagger';
import { DOCUMENT_KINDS } from './document-type';

export class DocumentUploaderDto {
  @ApiProperty({ example: 'applicant-1' })
  id: string;

  @ApiProperty({ example: 'applicant' })
  role: string;
}

/** A document's metadata as the api answers it (never its bytes). */
export class DocumentResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: DOCUMENT_KINDS })
  kind: string;

  @ApiProperty({ example: 'certificaat.pdf' })
  fileName: string;

  @ApiProperty({ enum: ['application/pdf', 'image/png', 'image/jpeg'] })
  contentType: string;

  @ApiProperty({ example: 48213 })
  sizeBytes: number;

  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  sha256: string;

  @ApiProperty({ enum: ['pending', 'clean', 'infected'], description: 'the content can be read once clean' })
  scan: string;

  @ApiProperty({ format: 'date-time' })
  uploadedAt: string;

  @ApiProperty({ type: DocumentUploaderDto })
  uploadedBy: DocumentUploaderDto;
}

export class DocumentList {
  @ApiProperty({ type: [DocumentResponse] })
  items: DocumentResponse[];
}
