import { Controller, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RouteTemplate } from '../../../platform/http/route-template.decorator';
import { CurrentActor } from '../../../platform/auth/current-actor.decorator';
import { ApiContract } from '../../../platform/http/api-contract';
import { Roles, RolesGuard } from '../../../platform/auth/roles.guard';
import { Actor } from '../../../platform/kernel/actor';
import { MULTIPART_ROUTES, readMultipartForm } from '../../../platform/http/multipart';
import { DOCUMENT_KINDS } from '../../../features/documents/document-type';
import { DocumentList, DocumentResponse } from '../../../features/documents/document.dto';
import { DocumentsService } from '../../../features/documents/documents.service';
import { attachment } from '../../../platform/http/content-disposition';
import { documentView } from './document.view';

const BASE = '/api/v1/applications/:id/documents';
MULTIPART_ROUTES.add(BASE);

@ApiTags('documents')
@ApiBearerAuth()
@Controller(BASE.slice(1))
@UseGuards(RolesGuard)
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Roles('applicant', 'officer')
  @Post()
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiContract({
    status: 201,
    description: 'The document; its scan follows',
    type: DocumentResponse,
    headers: ['Location'],
    hasBody: true,
    codes: ['illegal-transition', 'document-too-large', 'unsupported-document-type'],
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['kind', 'file'],
      properties: {
        kind: { type: 'string', enum: [...DOCUMENT_KINDS] },
        file: { type: 'string', format: 'binary', description: 'PDF, PNG or JPEG, judged by its content' },
      },
    },
  })
  async upload(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const document = await this.documents.upload(actor, id, async () => {
      const form = await readMultipartForm(request, () => this.documents.tooLarge());
      return { kind: form.fields.kind, fileName: form.file?.fileName, bytes: form.file?.bytes };
    });
    reply.header('location', `${BASE.replace(':id', id)}/${document.id}`);
    return documentView(document);
  }

  @Get()
  @ApiContract({ description: "The application's documents", type: DocumentList })
  async list(@CurrentActor() actor: Actor, @Param('id') id: string, @RouteTemplate() route: string) {
    return { items: (await this.documents.list(actor, id, route)).map(documentView) };
  }

  @Get(':documentId/content')
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg')
  @ApiContract({
    description: 'The bytes, as an attachment',
    onlyProduces: {
      'application/pdf': { type: 'string', format: 'binary' },
      'image/png': { type: 'string', format: 'binary' },
      'image/jpeg': { type: 'string', format: 'binary' },
    },
    headers: ['Content-Disposition'],
    codes: ['document-not-available'],
  })
  async content(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @RouteTemplate() route: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { document, bytes } = await this.documents.content(actor, id, documentId, route);
    reply
      .header('content-type', document.contentType)
      .header('content-disposition', attachment(document.fileName))
      .header('content-length', String(bytes.length));
    return bytes;
  }
}
